import type { MemberRole } from '@lyceum/domain'
import { lumiereCourse } from './content/lumiere-course.ts'
import { northwindCourse } from './content/northwind-course.ts'
import type { SeedCourse } from './content/types.ts'

/** The one password of every demo account (documented in the README). Never used outside demos. */
export const DEMO_PASSWORD = 'lyceum-demo-2026'

export const SUPER_ADMIN_EMAIL = 'superadmin@lyceum.example'

export type DemoSchool = {
  slug: string
  name: string
  locale: 'en' | 'fr'
  primaryColor: string
  plan: string
  course: SeedCourse
  members: Array<{ email: string; name: string; role: MemberRole }>
}

export const DEMO_SCHOOLS: DemoSchool[] = [
  {
    slug: 'northwind',
    name: 'Northwind Academy',
    locale: 'en',
    primaryColor: '#1d4ed8',
    plan: 'growth',
    course: northwindCourse,
    members: [
      { email: 'admin@northwind.example', name: 'Nora Admin', role: 'admin' },
      { email: 'instructor@northwind.example', name: 'Ian Instructor', role: 'instructor' },
      { email: 'learner@northwind.example', name: 'Lena Learner', role: 'learner' },
    ],
  },
  {
    slug: 'lumiere',
    name: 'École Lumière',
    locale: 'fr',
    primaryColor: '#b45309',
    plan: 'starter',
    course: lumiereCourse,
    members: [
      { email: 'admin@lumiere.example', name: 'Amélie Admin', role: 'admin' },
      { email: 'instructor@lumiere.example', name: 'Inès Formatrice', role: 'instructor' },
      { email: 'learner@lumiere.example', name: 'Léo Apprenant', role: 'learner' },
    ],
  },
]
