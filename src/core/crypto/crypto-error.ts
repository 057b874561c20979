/** Why a request-crypto operation refused its input; transports map it to an HTTP status. */
export type CryptoErrorCode =
  | "bad_key"
  | "bad_signature"
  | "bad_base64"
  | "bad_length"
  | "bad_padding"
  | "bad_plaintext"
  | "receive_id_mismatch";

/** A refused signature, ciphertext or key; `code` says which check failed. */
export class CryptoError extends Error {
  override readonly name = "CryptoError";
  readonly code: CryptoErrorCode;

  constructor(code: CryptoErrorCode, message: string) {
    super(message);
    this.code = code;
  }

  /** 401 when the sender is not who it claims to be, 400 for malformed input, 500 for our own bad config. */
  get httpStatus(): 400 | 401 | 500 {
    if (this.code === "bad_key") return 500;
    return this.code === "bad_signature" || this.code === "receive_id_mismatch" ? 401 : 400;
  }
}

/** True when `err` is a CryptoError (narrows `unknown` in catch blocks). */
export function isCryptoError(err: unknown): err is CryptoError {
  return err instanceof CryptoError;
}
