import { APIRouter, HTTPException, Security } from 'fastify-fastapi'
import { z } from 'zod'
import { currentActiveUser, getDb, pagination } from '../dependencies.js'
import { paginate } from '../schemas/pagination.js'
import { UserCreate, UserOut } from '../schemas/user.js'
import type { Session } from '../session.js'
import { sendWelcomeEmail } from '../utils/notifications.js'
import { hashPassword } from '../utils/passwords.js'

const UserPath = z.object({ user_id: z.int() })

/** What a new account's tokens may carry: its own account and orders, not the catalogue. */
const CUSTOMER_SCOPES = ['me', 'orders'] as const

function conflictOf (db: Session, username: string, email: string): string | undefined {
  for (const user of db.users.values()) {
    if (user.username === username) return 'Username already registered'
    if (user.email === email) return 'Email already registered'
  }
  return undefined
}

/** `/users`: sign-up and profiles. Every answer goes through `UserOut`, which has no password field. */
export const router = new APIRouter({ prefix: '/users', tags: ['users'] })

router.get('/', {
  deps: { db: getDb, page: pagination },
  response: z.array(UserOut),
  summary: 'List users',
}, ({ deps }) => paginate(deps.db.users.values(), deps.page))

// FastAPI's `read_users_me`. A static path: it wins over `/{user_id}` whatever the order.
router.get('/me', {
  deps: { user: Security(currentActiveUser, ['me']) },
  response: UserOut,
  summary: 'Read the current user',
}, ({ deps }) => deps.user)

router.get('/{user_id}', {
  params: UserPath,
  deps: { db: getDb },
  response: UserOut,
  summary: 'Read one user',
}, ({ params, deps }) => {
  const user = deps.db.users.get(params.user_id)
  if (user === undefined) throw new HTTPException(404, 'User not found')
  return user
})

router.post('/', {
  body: UserCreate,
  deps: { db: getDb },
  response: UserOut,
  status: 201,
  summary: 'Create a user',
}, async ({ body, deps, background, request }) => {
  const { password, ...profile } = body
  const hashed_password = await hashPassword(password)
  // Checked after the await, with no await before the insert: two sign-ups racing for one
  // username cannot both pass. (A database does this with a UNIQUE constraint.)
  const conflict = conflictOf(deps.db, profile.username, profile.email)
  if (conflict !== undefined) throw new HTTPException(409, conflict)
  const user = deps.db.users.put({ id: deps.db.nextUserId(), ...profile, disabled: false, scopes: [...CUSTOMER_SCOPES], hashed_password })
  // Runs after the 201 is sent; a sign-up that fails (409, 422) sends nothing.
  background.add(sendWelcomeEmail, request.log, user.email, user.username)
  return user
})
