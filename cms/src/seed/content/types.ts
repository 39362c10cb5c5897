/** A block of lesson text. Paragraph text may use **bold** and *italic* inline marks only. */
export type LessonBlock =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'list'; ordered: boolean; items: string[] }
  | { type: 'quote'; text: string }

export interface SeedLesson {
  slug: string // kebab-case, unique within the course
  title: string
  durationSeconds: number // realistic reading/watching time
  videoUrl?: string // optional; only https://www.youtube-nocookie.com/embed/<id> style is NOT allowed (no network); leave undefined
  body: LessonBlock[]
}

export interface SeedSection {
  title: string
  lessons: SeedLesson[]
}

export interface SeedCourse {
  slug: string
  title: string
  summary: string // 1–2 sentences for the catalog
  sections: SeedSection[]
}
