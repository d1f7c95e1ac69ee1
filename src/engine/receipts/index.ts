// Deploy receipts: deploy jobs say what an environment serves (report-live); everyone sees live,
// pending or nothing next to where the tag points. Kept in git under refs/edgit/receipts.
export * from './receipt';
export * from './receiptRefs';
export * from './receiptLog';
export * from './liveState';
export * from './reportLive';
export * from './duration';
export * from './verifyLive';
export * from './deployWatch';
