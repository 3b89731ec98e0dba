import { APIRouter, HTTPException, Security } from 'fastify-fastapi'
import { z } from 'zod'
import { brokenUniqueConstraint } from '../crud/unique.js'
import { createUser, getUser, listUsers } from '../crud/users.js'
import { currentActiveUser, getDb, pagination } from '../dependencies.js'
import { UserCreate, UserOut } from '../schemas/user.js'
import { sendWelcomeEmail } from '../utils/notifications.js'
import { hashPassword } from '../utils/passwords.js'

const UserPath = z.object({ user_id: z.int() })

/** What a new account's tokens may carry: its own account and orders, not the catalogue. */
const CUSTOMER_SCOPES = ['me', 'orders'] as const

// The UNIQUE constraints of the users table (migrations/), and what a sign-up that breaks one is told.
const TAKEN: Record<string, string> = {
  users_username_key: 'Username already registered',
  users_email_key: 'Email already registered',
}

/** `/users`: sign-up and profiles. Every answer goes through `UserOut`, which has no password field. */
export const router = new APIRouter({ prefix: '/users', tags: ['users'] })

router.get('/', {
  deps: { db: getDb, page: pagination },
  response: z.array(UserOut),
  summary: 'List users',
}, ({ deps }) => listUsers(deps.db, deps.page))

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
}, async ({ params, deps }) => {
  const user = await getUser(deps.db, params.user_id)
  if (user === undefined) throw new HTTPException(404, 'User not found')
  return user
})

router.post('/', {
  body: UserCreate,
  deps: { db: getDb },
  response: UserOut,
  status: 201,
  summary: 'Create a user',
  responses: { 409: { description: 'The username or the email is taken' } },
}, async ({ body, deps, background, request }) => {
  const { password, ...profile } = body
  const hashed_password = await hashPassword(password)
  let user
  try {
    user = await createUser(deps.db, { ...profile, scopes: [...CUSTOMER_SCOPES], hashed_password })
  } catch (error) {
    // The database decides: two sign-ups racing for one username cannot both get it.
    const taken = TAKEN[brokenUniqueConstraint(error) ?? '']
    if (taken !== undefined) throw new HTTPException(409, taken)
    throw error
  }
  // Runs after the 201 is sent; a sign-up that fails (409, 422) sends nothing.
  background.add(sendWelcomeEmail, request.log, user.email, user.username)
  return user
})
