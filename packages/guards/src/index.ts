export { findUnguardedLocalApiCalls, type LocalApiFinding } from './localApi.ts'
