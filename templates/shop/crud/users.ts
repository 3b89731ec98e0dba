import type { Db } from '../models/index.js'
import type { NewUser, User } from '../models/user.js'
import type { Pagination } from '../schemas/pagination.js'

// FastAPI's crud.py for users. `username` and `email` are UNIQUE (migrations/): `createUser`
// throws the database's error when one is taken (see crud/unique.ts).

export async function listUsers (db: Db, page: Pagination): Promise<User[]> {
  return await db.selectFrom('users').selectAll().orderBy('id').offset(page.skip).limit(page.limit).execute()
}

export async function getUser (db: Db, userId: number): Promise<User | undefined> {
  return await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst()
}

export async function getUserByUsername (db: Db, username: string): Promise<User | undefined> {
  return await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst()
}

export async function createUser (db: Db, user: NewUser): Promise<User> {
  return await db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow()
}
