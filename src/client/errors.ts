/** What MockClient throws: an answer that was not 2xx, a wait that ran out, and entries the queue rejected. */
import type { Rejection } from '../../schemas/admin.js'
import type { ErrorBody } from '../../schemas/error.js'

const isErrorBody = (body: unknown): body is ErrorBody =>
  typeof body === 'object' && body !== null && typeof (body as ErrorBody).details === 'string'

/** The mock (or a fault it was told to inject) answered a status outside 2xx. */
export class MockApiError extends Error {
  override name = 'MockApiError'
  /** The error code (e.g. MOCK_ERR_VIOLATIONS), when the body is the mock's error shape. */
  readonly code: string | undefined

  constructor (
    readonly method: string,
    readonly path: string,
    readonly status: number,
    /** The answer's body: parsed when it was JSON, else its text. */
    readonly body: unknown
  ) {
    // the mock's details already quote the first violations; the body has them all
    const said = isErrorBody(body) ? `${body.error}: ${body.details}` : JSON.stringify(body).slice(0, 200)
    super(`${method} ${path} answered ${status} ${said}`)
    this.code = isErrorBody(body) ? body.code : undefined
  }
}

/** A waitFor… ran out of time; its message says what was awaited and what had arrived. */
export class MockTimeoutError extends Error {
  override name = 'MockTimeoutError'

  constructor (
    message: string,
    /** What was awaited, in words, e.g. 'at least 2 batches with customer_id "c-1"' */
    readonly awaited: string,
    /** The list as it was when the time ran out. */
    readonly arrived: unknown
  ) {
    super(message)
  }
}

/** expectAllApplied found entries the queue rejected; its message names them, the first ten with their reasons. */
export class MockRejectedError extends Error {
  override name = 'MockRejectedError'

  constructor (
    message: string,
    /** The first rejections (GET /__admin/rejections), newest batch first. */
    readonly rejections: Rejection[],
    /** How many entries were rejected in all. */
    readonly total: number
  ) {
    super(message)
  }
}
