// GZipMiddleware's options, checked at registration with FFA_ERR_OPTION_INVALID.
import { describe, expect, it } from 'vitest'
import { GZipMiddleware } from 'fastify-fastapi/middleware'
import { registerAlone } from './helpers/middleware.js'

const register = (options: unknown): Promise<void> => registerAlone(GZipMiddleware, options)

describe('GZipMiddleware options', () => {
  it.each([
    [{ minimumSize: -1 }, "fastify-fastapi/gzip: option 'minimumSize' must be a whole number of bytes, 0 or more, like 500; got number -1"],
    [{ minimumSize: '500' }, "option 'minimumSize' must be a whole number of bytes"],
    [{ compressLevel: 10 }, "option 'compressLevel' must be zlib's level, an integer from 1 (fastest) to 9 (smallest), 0 or -1 (zlib's default); got number 10"],
    [{ compressLevel: 4.5 }, "option 'compressLevel' must be zlib's level"],
    [{ threadMinimumSize: Number.POSITIVE_INFINITY }, "option 'threadMinimumSize' must be a whole number of bytes"],
    [{ excludeContentTypes: 'image/png' }, "option 'excludeContentTypes' must be an array of media types"],
    [{ excludeContentTypes: ['png'] }, "option 'excludeContentTypes[0]' must be a media type, like 'image/png' or 'video/*'; got string 'png'"],
    [{ minimum_size: 500 }, "option 'minimum_size' is not an option of fastify-fastapi/gzip; its options are: minimumSize, compressLevel, threadMinimumSize, excludeContentTypes"],
  ])('refuses %j at registration', async (options, message) => {
    await expect(register(options)).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID', message: expect.stringContaining(message) as string })
  })

  it('takes Starlette\'s defaults with no options, and level 0 and -1', async () => {
    await expect(register(undefined)).resolves.toBeUndefined()
    await expect(register({ compressLevel: 0, minimumSize: 0 })).resolves.toBeUndefined()
    await expect(register({ compressLevel: -1, excludeContentTypes: [] })).resolves.toBeUndefined()
  })
})
