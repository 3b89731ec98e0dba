import { describe, expect, it } from 'vitest'
import { Depends, DependencyOverrides, OAuth2PasswordBearer, resolve } from 'fastify-fastapi'

// A scheme reads a request's credentials: outside a request (a script, a job), resolve()
// refuses it by name, unless an override stands in for it, as for any dependency that
// reads the request.

describe('security schemes outside a request', () => {
  const oauth2Scheme = OAuth2PasswordBearer({ tokenUrl: 'token' })
  const currentUser = Depends({ deps: { token: oauth2Scheme } }, function getCurrentUser ({ deps }) { return { username: deps.token } })

  it('are refused by resolve(), naming the scheme and the fix', async () => {
    await expect(resolve(currentUser)).rejects.toMatchObject({
      code: 'FFA_ERR_DEP_SCOPE',
      message: 'resolve(getCurrentUser): the dependency "OAuth2PasswordBearer" is a security scheme, which reads the request\'s credentials, and there is no request here: override it with a fixed value.',
    })
  })

  it('resolve when overridden', async () => {
    const overrides = new DependencyOverrides().set(oauth2Scheme, () => 'johndoe')
    const { value, close } = await resolve(currentUser, { overrides })
    expect(value).toEqual({ username: 'johndoe' })
    await close()
  })
})
