/** PostgreSQL's test database: TEST_DATABASE_URL, else `test` on 127.0.0.1 with trust auth. */
export function testDatabaseUrl (): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
}
