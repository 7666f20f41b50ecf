import { ERROR_STATUS, type ErrorBody, type ErrorCode } from '@peerscope/protocol';

/** An error that becomes `{"error":{"code","message"}}` with the status its code travels with. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}
