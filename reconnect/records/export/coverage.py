"""Which models reach the client's export, and why the rest do not.

EXPORTED names each model that reaches the client and the resource it becomes; EXCLUDED names
the rest with the reason. A test walks every model linked to a client and fails on any model
in neither, so a new table cannot silently drop out of the export.
"""

from __future__ import annotations

EXPORTED = {
    "people.user": "Patient (name, email, time zone)",
    "people.client": "Patient (pronouns, and the age band and gender you chose to give)",
    "people.careteammember": "CareTeam",
    "journal.checkin": "Observation (check-in: body state, craving, connection, your note)",
    "journal.circlemember": "RelatedPerson",
    "journal.contact": "Observation (reaching out)",
    "journal.tooluse": "Observation (tool used, strength before and after)",
    "journal.reminderpreference": "Basic (reminder choices)",
    "contact.contactdetails": "Patient.telecom (phone, email) and Basic (contact choices)",
    "safety.safetyplan": "CarePlan",
    "safety.safetyplanversion": "CarePlan (one per version)",
    "measures.response": "QuestionnaireResponse and Observation (total score)",
    "measures.safetyflag": "Flag",
    "radar.session": "Encounter and Appointment (place, video link, title, your answer), and "
    "DocumentReference for shared session notes",
    "radar.outreach": "Communication (care team reaching out to you)",
    "relational.analysisconsent": "Consent (session analysis)",
    "consent.consentgrant": "Consent (42 CFR Part 2)",
    "consent.consentrevocation": "Consent.status inactive",
    "consent.disclosure": "AuditEvent (disclosure ledger)",
    "supporters.supporterlink": "RelatedPerson (supporter)",
    "supporters.encouragement": "Communication (message from a supporter)",
    "conversations.message": "Communication (messages with your care team)",
    "conversations.messageread": "Communication.received (when a message was first read)",
    "groups.groupmember": "Basic (peer group membership, with the peer-group extension)",
    "groups.post": "Communication (your own peer-group posts, with the peer-group extension)",
    "access.emergencyaccess": "AuditEvent (emergency access)",
    "access.accessevent": "AuditEvent (who accessed your record)",
}
EXCLUDED = {
    "people.membership": "your role in the program; shown as the Patient's managing organisation",
    "people.apitoken": "secret sign-in keys for apps; never exported",
    "people.knowndevice": "hashes of the browsers you signed in on; secret, never exported",
    "people.supervision": "links clinicians to their supervisors; nothing about a client",
    "people.careteamnotice": "notices on your home that someone joined your care team (CareTeam)",
    "journal.reminderdelivery": "delivery log of reminder emails; operational, no health content",
    "measures.assignment": "the questionnaire schedule; your answers are exported",
    "radar.signal": "the care team's working list, computed from data that is exported",
    "radar.radarstate": "a computed cache for the care team's list",
    "radar.appointmentreminder": "when an appointment reminder went and by which channel; "
    "operational, no health content (the appointment itself is exported)",
    "relational.analysis": "feedback on the clinician's own skills, private to the clinician",
    "relational.correction": "a clinician's corrections of the automated codes of their own "
    "session analysis: codes only, no words, private to the clinician",
    "supporters.invitation": "invitation links (secret); the supporters you accepted are exported",
    "supporters.joinrequest": "joining links emailed from your invitations (secret, one day)",
    "records.exportlink": "single-use download links; operational",
    "records.deletionrecord": "kept only after an account is deleted",
    "notifications.outboundtext": "texts sent to you: fixed notices with their delivery status",
    "notifications.inboundtext": "that a text came in and its kind; its words are never kept",
    "notifications.notification": "when someone was told a message was waiting; no content",
    "conversations.conversation": "the thread your messages belong to; each message is exported",
    "groups.participationsharing": "your choice to share participation counts (shown in "
    "Sharing); no health content",
    "groups.withyou": 'your "with you" on others\' posts: their posts are not your record',
    "groups.report": "reports you made of others' posts: part of the group's moderation",
    "groups.moderationaction": "the group's moderation log (by alias, no post text)",
    "groups.facilitator": "who facilitates a group; nothing about a client",
    "groups.peergroup": "the group itself (named in each membership and post)",
}
# Counselling (psychotherapy) notes are outside the right of access (45 CFR 164.524(a)(1)(i)).
COUNSELLING_NOTES_REASON = "Counselling notes are kept apart and are not part of this export."
