import type { Database } from './database.js'
import type { Item } from './models/item.js'
import type { Order } from './models/order.js'
import type { User } from './models/user.js'

/** What a session does with a change it cannot keep: put the store back as it was. */
type Undo = () => void

type SessionState = 'open' | 'closed'

/**
 * One table seen through a session. Reads come from the store; every write replaces a whole
 * row and remembers how to undo itself. Rows are `Readonly`, so a handler cannot change one in
 * place behind the session's back (`item.stock -= 1` does not compile): it calls `update`.
 */
export class SessionTable<TRow extends { id: number }> {
  readonly #rows: Map<number, TRow>
  readonly #session: Session

  constructor (rows: Map<number, TRow>, session: Session) {
    this.#rows = rows
    this.#session = session
  }

  get (id: number): Readonly<TRow> | undefined {
    this.#session.checkOpen()
    return this.#rows.get(id)
  }

  /** The rows in id order, as a scan of a table by its primary key. */
  values (): IterableIterator<Readonly<TRow>> {
    this.#session.checkOpen()
    return this.#rows.values()
  }

  /** Inserts the row, or replaces the one with its id. */
  put (row: TRow): Readonly<TRow> {
    this.#session.checkOpen()
    const previous = this.#rows.get(row.id)
    this.#rows.set(row.id, row)
    this.#session.record(previous === undefined ? () => this.#rows.delete(row.id) : () => this.#rows.set(row.id, previous))
    return row
  }

  /** A new row with `changes` replaces the one with `id`; `undefined` when there is none. */
  update (id: number, changes: Partial<Omit<TRow, 'id'>>): Readonly<TRow> | undefined {
    const row = this.get(id)
    return row === undefined ? undefined : this.put({ ...row, ...changes })
  }

  delete (id: number): boolean {
    this.#session.checkOpen()
    const previous = this.#rows.get(id)
    if (previous === undefined) return false
    this.#rows.delete(id)
    this.#session.record(() => reinsert(this.#rows, previous))
    return true
  }
}

// A Map iterates in insertion order, and ids only grow, so the tables stay in id order. A row
// put back by a rollback would land last: the table is rebuilt around it instead.
function reinsert<TRow extends { id: number }> (rows: Map<number, TRow>, row: TRow): void {
  const entries = [...rows.entries(), [row.id, row] as const].sort(([a], [b]) => a - b)
  rows.clear()
  for (const [id, entry] of entries) rows.set(id, entry)
}

/**
 * A unit of work over the in-memory store: SQLAlchemy's `Session`, made by `getDb` for each
 * request. `commit()` keeps the request's changes, `rollback()` undoes them (last first), and
 * `close()` rolls back whatever was not committed and refuses any further use, as closing a
 * SQLAlchemy session does.
 *
 * Changes reach the store at once and the undo log is what makes them a transaction: the
 * commit runs after the response is sent (getDb's cleanup), so it must not be the moment the
 * changes become visible, or a client could read its own order back before it existed.
 */
export class Session {
  readonly items: SessionTable<Item>
  readonly users: SessionTable<User>
  readonly orders: SessionTable<Order>
  readonly #store: Database
  #undo: Undo[] = []
  #state: SessionState = 'open'

  constructor (store: Database) {
    this.#store = store
    this.items = new SessionTable(store.items, this)
    this.users = new SessionTable(store.users, this)
    this.orders = new SessionTable(store.orders, this)
  }

  /** The changes made since the last commit or rollback. */
  get pending (): number {
    return this.#undo.length
  }

  get closed (): boolean {
    return this.#state === 'closed'
  }

  // Ids come from the store's sequences and are not given back by a rollback, as a SERIAL
  // column's sequence is not: two sessions never hand out the same id.
  nextItemId (): number {
    this.checkOpen()
    return this.#store.nextItemId()
  }

  nextUserId (): number {
    this.checkOpen()
    return this.#store.nextUserId()
  }

  nextOrderId (): number {
    this.checkOpen()
    return this.#store.nextOrderId()
  }

  /** The store's clock (a fixed one in tests). */
  now (): Date {
    return this.#store.now()
  }

  /** Keeps the changes: forgets how to undo them. Returns how many there were. */
  commit (): number {
    this.checkOpen()
    const committed = this.#undo.length
    this.#undo = []
    return committed
  }

  /** Undoes the changes since the last commit, last first. Returns how many there were. */
  rollback (): number {
    this.checkOpen()
    const undo = this.#undo
    this.#undo = []
    for (let index = undo.length - 1; index >= 0; index--) (undo[index] as Undo)()
    return undo.length
  }

  close (): void {
    if (this.#state === 'closed') return
    this.rollback()
    this.#state = 'closed'
  }

  /** @internal For the tables: a write to undo on rollback. */
  record (undo: Undo): void {
    this.#undo.push(undo)
  }

  /** @internal A closed session is a bug in the caller (a value kept past its request). */
  checkOpen (): void {
    if (this.#state === 'closed') throw new Error('This session is closed: a session lives for one request (getDb); do not keep it past the response.')
  }
}
