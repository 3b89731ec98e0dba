import { HTTPException } from '../../errors/http-exception.js'

/** Why a refresh token was refused; the client is told none of it. */
export type InvalidRefreshTokenReason =
  | 'invalid' //  not a token of ours, or one the store no longer holds
  | 'expired' //  past its expiry, or its family's
  | 'revoked' //  its family was revoked: logout, or a reuse detected earlier
  | 'reused' //   it was used already: its whole family is revoked now

/**
 * A refresh token `rotate` refused. It is an `HTTPException`: left uncaught in a route, it
 * answers 400 `{"detail":"Invalid refresh token"}`, OAuth2's `invalid_grant` status (RFC 6749
 * section 5.2, as FastAPI's tutorial answers a wrong password at the token endpoint).
 */
export class InvalidRefreshTokenError extends HTTPException {
  readonly reason: InvalidRefreshTokenReason

  constructor (reason: InvalidRefreshTokenReason) {
    super(400, 'Invalid refresh token')
    this.name = 'InvalidRefreshTokenError'
    this.reason = reason
  }
}
