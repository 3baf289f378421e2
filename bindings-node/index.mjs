// ESM entry point: the same binding as index.js, with named exports.
import binding from './index.js'

export const { Tenancy, Planner, Decider, TenantryError, CODES, SNAPSHOT_VERSION, NAME_KEYS, importTenant, serve, Emulator, report } = binding
export default binding
