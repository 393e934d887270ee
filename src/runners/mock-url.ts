/** The environment variable that carries a shared mock's URL to test files (and that points a run at a mock started elsewhere). */
export const MOCK_URL_VARIABLE = 'MASIVO_MOCK_URL'
