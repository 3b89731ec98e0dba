import { describe, expect, it } from 'vitest'
import { createDatabase } from '../database.js'
import { Session } from '../session.js'

describe('Session: a unit of work over the in-memory store', () => {
  it('keeps the changes it commits', () => {
    const store = createDatabase()
    const session = new Session(store)

    session.items.update(1, { stock: 3 })
    expect(session.pending).toBe(1)
    expect(session.commit()).toBe(1)
    session.close()

    expect(store.items.get(1)?.stock).toBe(3)
  })

  it('undoes every change since the last commit on rollback, last first, rows back in id order', () => {
    const store = createDatabase()
    const seeded = structuredClone([...store.items.entries()])
    const session = new Session(store)

    session.items.update(1, { stock: 0 })
    session.items.delete(2)
    session.items.put({ id: session.nextItemId(), name: 'Fleeb', description: null, price: 1, tax: null, tags: [], stock: 1, supplier_cost: 0 })
    session.items.update(1, { stock: 5 })
    expect(session.rollback()).toBe(4)

    expect([...store.items.entries()]).toEqual(seeded)
  })

  it('rolls back what was not committed when it closes, and refuses any use after', () => {
    const store = createDatabase()
    const session = new Session(store)
    session.items.update(1, { stock: 2 })
    session.commit()
    session.items.update(1, { stock: 1 })

    session.close()

    expect(store.items.get(1)?.stock).toBe(2)
    expect(session.closed).toBe(true)
    expect(() => session.items.get(1)).toThrow('This session is closed')
  })

  it('replaces rows instead of changing them, so a row read before a change still reads as it was', () => {
    const store = createDatabase()
    const session = new Session(store)
    const before = session.items.get(1)

    const after = session.items.update(1, { stock: 9 })

    expect(before?.stock).toBe(10)
    expect(after?.stock).toBe(9)
    expect(session.items.update(99, { stock: 1 })).toBeUndefined()
  })
})
