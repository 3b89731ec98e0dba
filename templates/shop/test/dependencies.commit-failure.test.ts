import { sql } from 'kysely'
import { describe, expect, it, onTestFinished } from 'vitest'
import { asUser, buildTestApp, countRows, type LogLine } from './helpers.js'

// A check the database makes at COMMIT (a deferred constraint trigger): the INSERT succeeds,
// the handler answers, and only the COMMIT fails. getDb is function-scoped, so the COMMIT runs
// before the response is sent and its failure is the answer; committed after the response,
// the client would have had a 201 for an item that was never stored.
async function refuseAtCommit (db: Parameters<typeof countRows>[0], name: string): Promise<void> {
  await sql`CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.name = ${sql.lit(name)} THEN RAISE EXCEPTION 'refused at commit'; END IF;
      RETURN NULL;
    END $$`.execute(db)
  await sql`CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON items DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_at_commit()`.execute(db)
  onTestFinished(async () => {
    await sql`DROP TRIGGER refuse_at_commit ON items`.execute(db)
    await sql`DROP FUNCTION refuse_at_commit()`.execute(db)
  })
}

describe('getDb: a COMMIT that fails', () => {
  it('answers 500 instead of the 201, and the item is not stored', async () => {
    const { app, db, logs } = await buildTestApp({ logs: true })
    await refuseAtCommit(db, 'Doomed')

    const res = await app.inject({ method: 'POST', url: '/items/', headers: asUser('johndoe'), payload: { name: 'Doomed', price: 1 } })
    expect(res.statusCode, res.body).toBe(500)
    expect(res.json()).toEqual({ detail: 'Internal Server Error' })
    expect(await countRows(db, 'items')).toBe(3)
    const failed = logs.find((line: LogLine) => line.reqId === res.headers['x-request-id'] && line.level === 50)
    expect((failed?.err as { message?: string } | undefined)?.message).toContain('refused at commit')

    // The connection went back to the pool (or PGlite's one is free): the next request works.
    const next = await app.inject({ method: 'POST', url: '/items/', headers: asUser('johndoe'), payload: { name: 'Fleeb', price: 1 } })
    expect(next.statusCode, next.body).toBe(201)
  })
})
