/** The environment variable that carries a shared mock's URL to test files (and that points a run at a mock started elsewhere). */
export const MOCK_URL_VARIABLE = 'MASIVO_MOCK_URL'

/** The environment variable that carries the shared mock's ADMIN_TOKEN, when it has one, beside its URL. */
export const MOCK_ADMIN_TOKEN_VARIABLE = 'MASIVO_MOCK_ADMIN_TOKEN'
