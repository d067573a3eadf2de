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

# Alliance rupture: a session check this far below the client's running mean of earlier checks
# (at least ALLIANCE_MIN_HISTORY of them), in points of the 0–10 mean.
ALLIANCE_DROP = 1.5
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
