import { expect, it } from 'vitest'
import { nextSteps } from '../src/cli/index.js'

it('says cd into the project, then the README\'s npm install && npm start', () => {
  expect(nextSteps('/home/me/my-api', '/home/me')).toEqual(['cd my-api', 'npm install && npm start'])
  expect(nextSteps('/home/me/apps/my-api', '/home/me')).toEqual(['cd apps/my-api', 'npm install && npm start'])
  expect(nextSteps('/srv/my-api', '/home/me')).toEqual(['cd ../../srv/my-api', 'npm install && npm start'])
})

it('leaves out the cd for a project made in the current folder', () => {
  expect(nextSteps('/home/me/my-api', '/home/me/my-api')).toEqual(['npm install && npm start'])
})

it('quotes a path the shell would split or expand', () => {
  expect(nextSteps('/home/me/my projects/my-api', '/home/me')).toEqual(["cd 'my projects/my-api'", 'npm install && npm start'])
  expect(nextSteps("/home/me/rick's/my-api", '/home/me')).toEqual(["cd 'rick'\\''s/my-api'", 'npm install && npm start'])
  expect(nextSteps('/home/me/$HOME/my-api', '/home/me')).toEqual(["cd '$HOME/my-api'", 'npm install && npm start'])
})
