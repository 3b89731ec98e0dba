import type { FastifyInstance } from 'fastify'
import { FFA_ERR_PLUGIN_MISSING } from '../shared/codes.js'
import { kDependsState } from '../shared/symbols.js'
import type { AppScope } from './app-scope.js'
import type { Dependency } from './dependency.js'
import type { DependencyOverrides } from './overrides.js'
import type { RoutePlans } from './route-runner.js'

/** The depends plugin's state, on the instance it was registered on (and its children). */
export interface DependsState {
  overrides: DependencyOverrides
  app: AppScope
  /** App-level side-effect dependencies (FastAPI's `FastAPI(dependencies=[...])`). */
  dependencies: readonly Dependency<unknown>[]
  /** Every route's plans, recompiled when the overrides change. */
  routes: Set<RoutePlans>
}

export function dependsStateOf (instance: FastifyInstance): DependsState | undefined {
  return (instance as unknown as Record<symbol, DependsState | undefined>)[kDependsState]
}

/** The error for a route (`GET /items`) that declares dependencies where the depends plugin is not registered. */
export function dependsPluginMissing (route: string): Error {
  return new FFA_ERR_PLUGIN_MISSING(`Route ${route} uses dependencies and`, 'depends (fastify-fastapi/depends, or the fastapi preset)')
}
