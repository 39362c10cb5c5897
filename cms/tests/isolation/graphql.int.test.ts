import { describeIsolationMatrix } from './runner.ts'
import { graphqlSurface } from './surfaces.ts'

describeIsolationMatrix('graphql', (cms, world) => graphqlSurface(cms.baseUrl, world, cms.payload))
