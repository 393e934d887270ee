/**
 * The mock's "now": real time, plus an offset a suite moves forward (POST /__admin/clock) so that an hour
 * of rate limits, a token's expiry or a queue delay passes in a request. Everything the mock dates or times
 * out in the emulated API reads it: tokens, rate-limit windows, queue due times, `received_at`,
 * `processed_at`, the window of a customer's transactions. What is wall time for the client stays on real
 * time: long-poll waits, fault delays, keep-alives, shutdown.
 */
import { ERR_CLOCK_BACKWARDS, ERR_CLOCK_TOO_FAR } from '../errors.js'

/** A century short of the last RFC 3339 year (9999), so the dates computed from now (token expiry, due times) stay RFC 3339 ones. */
const LATEST_NOW = Date.UTC(9900, 0, 1)

export class Clock {
  private offset = 0

  /** Milliseconds since the epoch, as Date.now(). */
  now (): number {
    return Date.now() + this.offset
  }

  date (): Date {
    return new Date(this.now())
  }

  get offsetMs (): number {
    return this.offset
  }

  /** Moves `ms` forward, exactly. */
  advance (ms: number) {
    if (this.now() + ms > LATEST_NOW) throw new ERR_CLOCK_TOO_FAR(new Date(LATEST_NOW).toISOString())
    this.offset += ms
  }

  /** Moves to `at` (milliseconds since the epoch): later than now, or the 409 that says it is not. */
  moveTo (at: number) {
    const now = this.now()
    if (at < now) throw new ERR_CLOCK_BACKWARDS(new Date(at).toISOString(), new Date(now).toISOString())
    this.advance(at - now)
  }

  /** Back to real time; returns how far back that went. */
  reset (): number {
    const back = this.offset
    this.offset = 0
    return back
  }
}
