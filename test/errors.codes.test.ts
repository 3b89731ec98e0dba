import { describe, expect, it } from 'vitest'
import { errorCodes } from 'fastify-fastapi'
import * as codes from '../src/shared/codes.js'

describe('error codes', () => {
  it('names every error by its own code', () => {
    expect(Object.keys(errorCodes).length).toBeGreaterThan(0)
    for (const [key, ErrorClass] of Object.entries(errorCodes)) {
      expect(key).toMatch(/^FFA_ERR_[A-Z_]+$/)
      expect(new ErrorClass('a', 'b', 'c').code, key).toBe(key)
    }
  })

  it('lists every FFA_ERR_ error of the registry in errorCodes', () => {
    const declared = Object.keys(codes).filter((name) => name.startsWith('FFA_ERR_')).sort()
    expect(Object.keys(errorCodes).sort()).toEqual(declared)
    for (const name of declared) expect(errorCodes[name as keyof typeof errorCodes]).toBe(codes[name as keyof typeof codes])
  })

  it('makes each a constructor whose instances are Errors with that code, a message and status 500', () => {
    for (const [key, ErrorClass] of Object.entries(errorCodes)) {
      expect(typeof ErrorClass, key).toBe('function')
      const error = new ErrorClass('first', 'second', 'third')
      expect(error, key).toBeInstanceOf(Error)
      expect(error, key).toBeInstanceOf(ErrorClass)
      expect(error.name, key).toBe('FastifyError')
      expect(error.code, key).toBe(key)
      expect(error.statusCode, key).toBe(500)
      expect(error.message, key).toEqual(expect.any(String))
      expect(error.message.length, key).toBeGreaterThan(0)
      expect(error.message, key).toContain('first')
      expect(error.message, key).not.toContain('%s')
    }
  })

  it('fills the message with the values it is given', () => {
    const error = new errorCodes.FFA_ERR_OPTION_INVALID('fastify-fastapi/errors', 'format', "must be 'fastapi' or 'problem'")
    expect(error.message).toBe("fastify-fastapi/errors: option 'format' must be 'fastapi' or 'problem'")
    expect(error).toBeInstanceOf(TypeError)
  })
})
