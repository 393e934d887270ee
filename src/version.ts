/** The package's version, for --version, the OpenAPI document and the image label (test/version.test.ts keeps package.json equal). */
export const VERSION = '0.5.1'
