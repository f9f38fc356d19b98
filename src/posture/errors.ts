/** Errors raised by src/posture carry a code (Azure SDK style). A source that cannot be read is no error: its checks are unknown. */
export type PostureErrorCode =
  | 'POSTURE_SCOPE'      // no subscription or management group given, or a malformed one
  | 'POSTURE_INVENTORY'  // Resource Graph could not list the HSMs at all
  | 'POSTURE_AUTH'       // no token could be obtained
  | 'POSTURE_ABORTED';   // the AbortSignal fired

export class PostureError extends Error {
  constructor(readonly code: PostureErrorCode, message: string) {
    super(message);
    this.name = 'PostureError';
  }
}
