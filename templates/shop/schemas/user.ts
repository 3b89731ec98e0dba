import { z } from 'zod'

const UserBase = z.object({
  username: z.string().min(3).max(30).regex(/^[a-z0-9_]+$/),
  email: z.email(),
  full_name: z.string().max(100).nullable().default(null),
})

/** Sign-up: the only model with the password in it. */
export const UserCreate = UserBase.extend({
  password: z.string().min(8).max(128),
}).meta({ id: 'UserCreate' })

/** A user as the API shows one: neither the password nor its hash. */
export const UserOut = z.object({
  id: z.int(),
  ...UserBase.shape,
  disabled: z.boolean(),
}).meta({ id: 'UserOut' })

export type UserCreate = z.output<typeof UserCreate>
export type UserOut = z.output<typeof UserOut>
