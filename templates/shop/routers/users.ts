import { APIRouter, HTTPException } from 'fastify-fastapi'
import { z } from 'zod'
import type { Database } from '../database.js'
import type { User } from '../models/user.js'
import { paginate, Pagination } from '../schemas/pagination.js'
import { UserCreate, UserOut } from '../schemas/user.js'
import { hashPassword } from '../utils/passwords.js'

const UserPath = z.object({ user_id: z.int() })

function conflictOf (db: Database, username: string, email: string): string | undefined {
  for (const user of db.users.values()) {
    if (user.username === username) return 'Username already registered'
    if (user.email === email) return 'Email already registered'
  }
  return undefined
}

/** `/users`: sign-up and profiles. Every answer goes through `UserOut`, which has no password field. */
export function createUsersRouter (db: Database): APIRouter {
  const router = new APIRouter({ prefix: '/users', tags: ['users'] })

  router.get('/', {
    query: Pagination,
    response: z.array(UserOut),
    summary: 'List users',
  }, ({ query }) => paginate(db.users.values(), query))

  router.get('/{user_id}', {
    params: UserPath,
    response: UserOut,
    summary: 'Read one user',
  }, ({ params }) => {
    const user = db.users.get(params.user_id)
    if (user === undefined) throw new HTTPException(404, 'User not found')
    return user
  })

  router.post('/', {
    body: UserCreate,
    response: UserOut,
    status: 201,
    summary: 'Create a user',
  }, async ({ body }) => {
    const { password, ...profile } = body
    const hashed_password = await hashPassword(password)
    // Checked after the await, with no await before the insert: two sign-ups racing for one
    // username cannot both pass. (A database does this with a UNIQUE constraint.)
    const conflict = conflictOf(db, profile.username, profile.email)
    if (conflict !== undefined) throw new HTTPException(409, conflict)
    const user: User = { id: db.nextUserId(), ...profile, disabled: false, hashed_password }
    db.users.set(user.id, user)
    return user
  })

  return router
}
