// The virtual waiting room (docs/architecture.md, "The waiting room"): a fair on-sale lottery for fans who
// arrive early, arrival order after it, admission at the event's rate by advancing one shared
// number, and signed admission tokens that reserve requires while the queue is on. All state lives
// in Redis under the event's hash tag (./queue-keys.ts); PostgreSQL holds the settings, the audit
// record of each draw, and a copy of every place and of the admission frontier, written a few
// times a second (./queue-journal.ts), from which a queue that Redis lost is rebuilt
// (./restore-queue.ts).
export type { QueueProgress, QueueState, QueueStatus } from "./types";
export { getQueueStatus, joinQueue, estimateWaitSeconds } from "./get-queue-status";
export { getQueueProgress } from "./get-queue-progress";
export { openQueueProgressStream, getQueueProgressStreams, createQueueProgressStreams } from "./queue-progress-stream";
export { assertAdmitted } from "./assert-admitted";
export { admissionCookie, admissionCookieName, admissionCredentialsFrom, noAdmission, ADMISSION_HEADER, type AdmissionCredentials } from "./admission-cookie";
export { signAdmissionToken, verifyAdmissionToken, type AdmissionClaims } from "./admission-token";
export { createDrawPermutation, drawPositions, membersDigest, sortMembers } from "./draw-order";
export { recordQueueDraw, readDrawMembers } from "./record-queue-draw";
export { invalidateQueueSettings } from "./queue-settings";
export { resetQueues } from "./reset-queues";
export { flushQueueJournal, discardQueueJournal, FLUSH_INTERVAL_MS } from "./queue-journal";
