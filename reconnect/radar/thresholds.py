"""Every radar threshold in one place, with the reasoning. Change them here only.

The radar compares each client with their own usual rhythm (their baseline), not with fixed
population rules: people check in at very different rates, and rating scales cluster near the
top, so a fixed cut-off misses the drop that matters for this person (clinical-reference §3).
These are starting points for clinical sign-off, not validated cut-offs.
"""

# Windows (days). The baseline is the four weeks before the recent window, so that a change
# within the last week or two is compared with a month of the person's own ordinary life.
RECENT_DAYS = 7
TREND_DAYS = 14
BASELINE_DAYS = 28

# Drifting away: check-ins (or contacts) in the recent week at or below this share of the
# baseline weekly rate, for someone whose baseline was at least MIN_BASELINE_PER_WEEK.
# Below two a week the rhythm is too sparse to call a drop.
DRIFT_SHARE = 0.35
MIN_BASELINE_PER_WEEK = 2.0
# A silence this long always counts as drifting for a client with a baseline rhythm.
SILENT_DAYS = 5
MISSED_SESSIONS_IN_A_ROW = 2
DECLINED_IN_A_ROW = 2

# Shares of days (loneliness "connected: no", dysregulated states): a rise of this much
# (absolute, e.g. from 20% to 45% of check-in days) between baseline and the last two weeks,
# with at least MIN_DAYS_FOR_SHARE check-in days in each window so one day cannot swing it.
SHARE_RISE = 0.25
MIN_DAYS_FOR_SHARE = 4

# Craving spike: a recent craving this far above the person's own baseline mean, in units of
# their baseline spread (and at least CRAVING_SPIKE_FLOOR), counts as a spike.
CRAVING_SPIKE_SD = 2.0
CRAVING_SPIKE_MIN_RISE = 2.0
CRAVING_SPIKE_FLOOR = 7

# Safety: a shut-down check-in with craving at or above this on a day the safety plan was
# opened is urgent for SAFETY_FLAG_DAYS (the rule). A safety answer's own urgent item
# stays until someone acknowledges it, then leaves the radar this many days after the answer.
SAFETY_CRAVING = 8
SAFETY_FLAG_DAYS = 14

# Safety-plan gap: untouched for this long after a safety flag.
PLAN_STALE_DAYS = 90

# Alliance rupture (clinical-reference §3 (c): "a session-level alliance check falls ≥ a set
# amount below the person's own running mean"), in points of the 0–10 mean of the session
# check, against the mean of at least ALLIANCE_MIN_HISTORY earlier checks.
#
# A single fall of ALLIANCE_DROP alone raised it for a 7/10 after an 8.9 average: for someone
# whose checks sit near the top (rating scales cluster there, §3), one dip of under two points
# is within what a person's ratings do from week to week, and a card raised by ordinary
# variation teaches the team to skip cards (alert fatigue). The check is Reconnect's own,
# unvalidated, with no known test–retest reliability, so there is no reliable-change figure
# (§2) to tell a real fall from everyday variation; and an absolute cut-off would be borrowed
# from a different, licensed instrument (SRS < 36/40, §3), which the reference does not support
# for this check. So the radar asks for a pattern instead of a single point, as it already does
# for missed sessions and skipped questionnaires (two in a row):
# - a fall of ALLIANCE_DROP_AT_ONCE or more raises it at once (a rupture is best repaired
#   soon: ask, acknowledge, adjust);
# - a smaller fall of at least ALLIANCE_DROP raises it when the next check is also that far
#   below the mean from before the first, or when the next planned session is missed.
# Both amounts are starting points for clinical sign-off, not validated cut-offs.
ALLIANCE_DROP = 1.5
ALLIANCE_DROP_AT_ONCE = 3.0
ALLIANCE_MIN_HISTORY = 3

# Reconnecting (good news): contacts in the last two weeks at least this multiple of the
# baseline rate, and at least this many; or settled days up by SHARE_RISE.
RECONNECT_MULTIPLE = 1.5
RECONNECT_MIN_CONTACTS = 3

# A client message unanswered for this many care-team working hours becomes a signal: half of
# the usual promise ("usually within one working day"), so the team hears of it while the
# promise can still be kept. The caseload rechecks a waiting message this often (minutes),
# since the wait grows by the hour with no new data.
MESSAGE_WAITING_HOURS = 4
MESSAGE_RECHECK_MINUTES = 15

# How far back the radar reads a timeline.
LOOKBACK_DAYS = 120

# Resolving or snoozing a signal holds it until new evidence arrives (rules/hold.py), and the
# new card names it. One new event is enough (a missed session, a further whole week without a
# check-in, a new run of bounced reminders, a new score, a new craving spike): each is something
# a clinician would want to hear of. A trend is a share of check-in days (hard days, days alone,
# settled days, contacts), and one more day of it is not news: it comes back with
# TREND_NEW_DAYS new days, the fewest the radar computes a share from (MIN_DAYS_FOR_SHARE).
TREND_NEW_DAYS = MIN_DAYS_FOR_SHARE

# Ranking within a tier of the caseload (rules/ranking.py). The tier (urgent, needs attention,
# good news, quiet) is never crossed; within it the weight of the evidence orders the cards, and
# the card says what the weight was made of. A triage order for the list, not a risk score.
# - Each open signal counts RANK_SIGNAL. Two kinds count double: reliable worsening, which the
#   reference asks a clinician to act on within two working days (clinical-reference §2), and
#   drifting away, the radar's purpose (reaching out before someone drops out of care). Urgent
#   items count most, which orders several urgent items among themselves.
# - Days since the last check-in, from RANK_SILENT_FROM (one quiet day is ordinary), add
#   RANK_PER_SILENT_DAY each, up to RANK_SILENT_CAP days: a client 13 days silent with missed
#   sessions comes before one with a single craving spike.
# - Evidence from the last RANK_RECENT_DAYS days adds RANK_RECENT: what just happened is what a
#   call can still respond to.
RANK_SIGNAL = 1.0
RANK_KIND_WEIGHT = {
    "safety": 3.0,
    "worrying_words": 3.0,
    "reliable_worsening": 2.0,
    "drifting": 2.0,
}
RANK_SILENT_FROM = 2
RANK_PER_SILENT_DAY = 0.15
RANK_SILENT_CAP = 28
RANK_RECENT_DAYS = 3
RANK_RECENT = 0.5
