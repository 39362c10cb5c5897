import type { SeedCourse } from './types.ts'

export const northwindCourse: SeedCourse = {
  slug: 'writing-clear-technical-documentation',
  title: 'Writing Clear Technical Documentation',
  summary:
    'Learn to write documentation that people can actually use: guides, procedures and reference pages that answer the reader’s question quickly. Practical techniques you can apply to your next README, runbook or help article.',
  sections: [
    {
      title: 'Plan before you write',
      lessons: [
        {
          slug: 'know-your-reader',
          title: 'Know your reader and their task',
          durationSeconds: 360,
          body: [
            { type: 'heading', text: 'Start with the reader, not the topic' },
            {
              type: 'paragraph',
              text: 'Most unclear documentation goes wrong before the first sentence is written: the author starts from what *they* know instead of from what the reader needs to do. Before you draft anything, answer three questions. Who is reading? What are they trying to accomplish? What do they already know?',
            },
            {
              type: 'paragraph',
              text: 'A page about rotating an API key reads very differently for a security engineer responding to a leaked credential than for a new developer setting up a project. The engineer wants the exact command and its consequences, immediately. The newcomer first needs to know what the key is for and where to find it.',
            },
            {
              type: 'paragraph',
              text: 'Write a one-line **reader profile** at the top of your draft and delete it before publishing. For example: *A backend developer who has deployed our service before, is comfortable on the command line, and needs to move a database to a new region without downtime.* That single sentence settles many later decisions: which terms to define, which steps to skip and how much background to give.',
            },
            {
              type: 'list',
              ordered: false,
              items: [
                'What brought them here: an error message, a new project, a question from a colleague?',
                'What is the task, stated as a verb? “Configure single sign-on”, not “SSO”.',
                'What can you safely assume they already know?',
                'Where are they working: a terminal, a web dashboard, a phone on a warehouse floor?',
                'What happens if they get it wrong?',
              ],
            },
            {
              type: 'paragraph',
              text: 'The last question matters more than it looks. If a mistake can delete data or take a service offline, the reader needs the warning *before* the risky step, not in a note at the end of the page.',
            },
            { type: 'heading', text: 'Organise around tasks, not features' },
            {
              type: 'paragraph',
              text: 'Feature-centred pages walk through screens and settings one by one: “The Notifications tab contains the following options.” Task-centred pages start from the goal: “To stop getting an email for every comment, open Notifications and turn off Comment alerts.” Readers rarely arrive wanting to learn a screen. They arrive wanting to get something done, so lead with the goal and mention features only when they become relevant.',
            },
            {
              type: 'paragraph',
              text: 'When a page genuinely has several audiences, do not try to serve them all in the same paragraphs. Split the content into separate pages, or label sections clearly, such as “If you are an administrator”, so each reader can skip what does not concern them.',
            },
            { type: 'heading', text: 'Try it' },
            {
              type: 'paragraph',
              text: 'Pick a page of documentation you wrote or use often. Write a one-line reader profile for it, then list the first three things that reader needs to know. Compare your list with the first three paragraphs of the page. If they do not match, note what you would move up, move down or cut.',
            },
          ],
        },
        {
          slug: 'choose-the-right-document-type',
          title: 'Choose the right kind of document',
          durationSeconds: 330,
          body: [
            { type: 'heading', text: 'Four jobs documentation does' },
            {
              type: 'paragraph',
              text: 'Many confusing pages try to do everything at once: teach a beginner, walk an expert through a task, list every option and explain the design history. Each of those is a different job, and mixing them makes every job harder. A widely used way to separate them is the *Diátaxis* framework, which describes four kinds of documentation.',
            },
            {
              type: 'list',
              ordered: false,
              items: [
                '**Tutorials** are lessons. They take a newcomer through a small, guaranteed-to-work project so they gain confidence. Example: “Build your first webhook receiver in 15 minutes.”',
                '**How-to guides** solve a specific problem for someone who already knows the basics. Example: “How to retry failed webhook deliveries.”',
                '**Reference** describes the facts: every endpoint, parameter, default value and error code. It is consulted, not read from top to bottom.',
                '**Explanation** discusses the why: design decisions, trade-offs and concepts. Example: “Why webhooks are delivered at least once.”',
              ],
            },
            { type: 'heading', text: 'Keep each page to one job' },
            {
              type: 'paragraph',
              text: 'Once you know which kind of page you are writing, you know what to leave out. A tutorial should not stop to list all twelve optional parameters; link to the reference instead. A reference entry should not contain a long story about why the feature exists; link to the explanation. A how-to guide can assume the reader has finished the tutorial and skip the basics.',
            },
            {
              type: 'paragraph',
              text: 'Here is a common symptom of mixing. A getting-started page opens with three paragraphs on the product’s architecture, then lists every configuration flag, and only then shows the first command. The beginner gives up before the command, and the expert never finds the flag list because it is hidden inside a tutorial. Splitting that page into a tutorial, a reference page and a short explanation serves both readers better, even though the total amount of text stays roughly the same.',
            },
            {
              type: 'paragraph',
              text: 'You do not need to reorganise an entire documentation site to benefit from this. Naming the type of each new page before you write it is enough to keep the content focused, and over time the site sorts itself out.',
            },
            { type: 'heading', text: 'Try it' },
            {
              type: 'paragraph',
              text: 'Open the main documentation for a tool you use at work. Choose three pages and label each one as tutorial, how-to, reference or explanation. For any page that mixes types, write down which parts you would move elsewhere and what links you would leave behind in their place.',
            },
          ],
        },
        {
          slug: 'structure-pages-for-scanning',
          title: 'Structure pages for scanning',
          durationSeconds: 330,
          body: [
            { type: 'heading', text: 'Readers scan before they read' },
            {
              type: 'paragraph',
              text: 'People rarely read documentation from top to bottom. They land on a page from a search, glance at the headings, look for a word that matches their problem and read only the part that seems relevant. Good structure accepts this behaviour and makes it succeed.',
            },
            {
              type: 'list',
              ordered: false,
              items: [
                '**Write headings that say something.** “Choose a storage plan” tells the reader more than “Overview”. Task headings usually start with a verb.',
                '**Put the key point first.** Open each section with the answer or the outcome, then add the detail. This is sometimes called the inverted pyramid.',
                '**Keep one idea per paragraph**, and keep paragraphs short. Three to five sentences is plenty on screen.',
                '**Use lists for parallel items** such as options, requirements or symptoms, and numbered lists only when order matters.',
                '**Use tables for comparisons** across several attributes, such as plans, limits and prices.',
                '**Make links descriptive.** “See the rate limits reference” is clearer than “click here”.',
              ],
            },
            { type: 'heading', text: 'A before and after' },
            {
              type: 'paragraph',
              text: 'Consider a page section titled “Notes”. It contains a single dense paragraph mentioning that exports are limited to 10,000 rows, that large exports run in the background, that the download link expires after a day and that CSV is the only format. Each fact is useful, but a reader looking for the row limit has to read the whole paragraph to find it.',
            },
            {
              type: 'paragraph',
              text: 'Rewritten, the section becomes “Export limits”, with a one-sentence summary followed by a short list: maximum 10,000 rows per export; exports over 1,000 rows run in the background and you receive an email; download links expire after 24 hours; only CSV is supported. Nothing was added, yet every fact can now be found in seconds.',
            },
            {
              type: 'paragraph',
              text: 'A useful check is the **headings-only test**: read only the headings of your page, in order. If they tell a coherent story and a reader could jump straight to the right section, the structure works. If half of them say “Details” or “More information”, rename them.',
            },
            { type: 'heading', text: 'Try it' },
            {
              type: 'paragraph',
              text: 'Take a long page you maintain. Run the headings-only test and rewrite any heading that does not describe its content. Then find one paragraph that hides several parallel facts and turn it into a lead sentence followed by a list.',
            },
          ],
        },
      ],
    },
    {
      title: 'Write so it can be followed',
      lessons: [
        {
          slug: 'plain-direct-sentences',
          title: 'Write plain, direct sentences',
          durationSeconds: 330,
          body: [
            { type: 'heading', text: 'Habits that make sentences clearer' },
            {
              type: 'paragraph',
              text: 'Clear technical writing is not about a large vocabulary. It is about removing every obstacle between the reader and the meaning. A handful of habits does most of the work.',
            },
            {
              type: 'list',
              ordered: false,
              items: [
                '**Use the active voice** when it matters who does what. “The server rejects the request” is clearer than “The request is rejected”, which hides the actor.',
                '**Address the reader as “you”** and use the imperative for instructions: “Restart the service”, not “The user should restart the service”.',
                '**Prefer the present tense.** “The command returns a token”, not “The command will return a token”.',
                '**Keep one main idea per sentence.** If a sentence contains “and” twice plus a “which”, it probably wants to be two sentences.',
                '**Choose the common word**: “use” rather than “utilise”, “start” rather than “initiate”, “about” rather than “with regard to”.',
                '**Use one term for one thing.** If you call it a “workspace” in one paragraph, do not call it a “project” in the next; readers will assume they are different.',
              ],
            },
            { type: 'heading', text: 'Cut words that do no work' },
            {
              type: 'paragraph',
              text: 'Words like *simply*, *just*, *easily* and *obviously* add nothing for a reader who succeeds and make a struggling reader feel slow. Phrases like “it should be noted that” or “in order to” can usually be deleted or shortened to “to”. Compare these two versions of the same instruction:',
            },
            {
              type: 'quote',
              text: 'In order to ensure that the configuration changes are applied, it is necessary for the service to be restarted by the administrator.',
            },
            { type: 'quote', text: 'To apply the changes, restart the service.' },
            {
              type: 'paragraph',
              text: 'The second version is a third of the length, names the action first and leaves no doubt about what to do. It also translates better, both for human translators and for readers using English as a second language, who are a large part of the audience for most technical documentation.',
            },
            {
              type: 'paragraph',
              text: 'Plain does not mean vague. Keep precise technical terms when they are the right ones, and define them on first use if your reader profile suggests they might not know them. The aim is to remove unnecessary difficulty, not necessary detail.',
            },
            { type: 'heading', text: 'Try it' },
            {
              type: 'paragraph',
              text: 'Copy two paragraphs from documentation you wrote. Underline every passive verb, every filler word and every sentence longer than 25 words. Rewrite the paragraphs, then compare word counts. Read both versions aloud and notice which one you can say without running out of breath.',
            },
          ],
        },
        {
          slug: 'write-procedures-that-work',
          title: 'Write step-by-step procedures that work',
          durationSeconds: 330,
          body: [
            { type: 'heading', text: 'Anatomy of a good procedure' },
            {
              type: 'paragraph',
              text: 'A procedure is the part of documentation readers follow with their hands on the keyboard, switching between your page and their screen. Every ambiguity costs them a mistake or a lost place. A reliable procedure has four parts: a clear goal, the prerequisites, numbered steps and a way to confirm success.',
            },
            {
              type: 'list',
              ordered: true,
              items: [
                '**Goal**: one sentence saying what the reader will have at the end, such as “a scheduled nightly backup of your database”.',
                '**Prerequisites**: everything needed before step one, such as permissions, installed tools, account access or a maintenance window. Discovering a missing permission at step seven is frustrating.',
                '**Steps**: numbered, one action each, in the order the reader performs them.',
                '**Verification**: how the reader knows it worked, for example “The Backups page now lists a job with status Scheduled.”',
              ],
            },
            { type: 'heading', text: 'Rules for writing each step' },
            {
              type: 'paragraph',
              text: 'Start each step with the location or condition, then the action: “In the **Settings** menu, select **Backups**.” The reader looks in the right place before reading what to do there. Begin the action with an imperative verb and bold the exact labels of buttons and fields, spelled exactly as they appear on screen.',
            },
            {
              type: 'paragraph',
              text: 'Keep one action per step. “Open the file, change the port and save it” is three steps hiding in one, and a reader who is interrupted will not know where they stopped. When a step produces a visible result, say what the reader should see so they can confirm they are on track before moving on.',
            },
            {
              type: 'paragraph',
              text: 'Put warnings **before** the step they concern, never after. Compare “Delete the old volume. Note: this cannot be undone.” with “Warning: the next step cannot be undone. Make sure the backup has completed. Delete the old volume.” The second version protects the reader; the first only informs them after the damage is done.',
            },
            {
              type: 'paragraph',
              text: 'Finally, keep optional paths out of the main line. If some readers need an extra step, introduce it with a condition, “If you use a custom domain, ...”, or move it to a separate procedure and link to it.',
            },
            { type: 'heading', text: 'Try it' },
            {
              type: 'paragraph',
              text: 'Write a procedure for a routine task you know well, such as setting up a development environment or requesting access to a system. Include all four parts. Then give it to a colleague who has never done the task and watch them follow it without helping. Note every place they hesitate, and fix those steps.',
            },
          ],
        },
        {
          slug: 'examples-and-code-samples',
          title: 'Examples and code samples that help',
          durationSeconds: 330,
          body: [
            { type: 'heading', text: 'Why examples carry so much weight' },
            {
              type: 'paragraph',
              text: 'Many readers skip the explanation and go straight to the example, then copy it and adapt it. That makes the example the most heavily used part of many pages, and a broken or unrealistic example does more harm than a missing one. Treat samples as part of the product, not as decoration.',
            },
            {
              type: 'list',
              ordered: false,
              items: [
                '**Make it complete.** Include the imports, setup and configuration the code needs to run. A snippet that only works if the reader guesses three missing lines is a puzzle, not an example.',
                '**Use realistic values.** An order with a customer email, a currency and an amount teaches more than variables called foo and bar.',
                '**Mark placeholders clearly**, for example YOUR_API_KEY in capitals, and say in the text which values the reader must replace.',
                '**Show the expected output**, such as the response body or the terminal output, so readers can compare it with what they see.',
                '**Keep it minimal.** Show the feature being documented and nothing else. Error handling, logging and retries belong in a separate, fuller example if they are needed.',
                '**Never include real secrets**, internal hostnames or personal data, even in screenshots.',
              ],
            },
            { type: 'heading', text: 'Keep examples honest over time' },
            {
              type: 'paragraph',
              text: 'Examples break silently when the product changes. The most reliable protection is to run them automatically: store sample code as real files in the repository, execute them in continuous integration and include them in the documentation from those files. When an API change breaks a sample, the build fails and someone notices before a reader does.',
            },
            {
              type: 'paragraph',
              text: 'If automation is not possible yet, at least record which product version each example was last tested with, and re-run the examples as part of your release checklist. Add a sentence before every sample saying what it demonstrates, such as “The following request creates a customer and returns its ID”, so readers know whether it is the example they need before they read the code.',
            },
            {
              type: 'paragraph',
              text: 'Examples are not only code. A sample configuration file, a filled-in form or a before-and-after screenshot all follow the same rules: complete, realistic, minimal and tested.',
            },
            { type: 'heading', text: 'Try it' },
            {
              type: 'paragraph',
              text: 'Choose one code sample from your team’s documentation. In a clean environment, copy it exactly as written and try to run it. Write down everything you had to add, guess or change to make it work, then update the sample so the next reader does not have to.',
            },
          ],
        },
      ],
    },
    {
      title: 'Review and maintain',
      lessons: [
        {
          slug: 'review-and-test-your-docs',
          title: 'Review and test your documentation',
          durationSeconds: 330,
          body: [
            { type: 'heading', text: 'Three kinds of review' },
            {
              type: 'paragraph',
              text: 'A draft that reads well to its author can still be wrong, incomplete or hard to follow. Each of those problems is caught by a different kind of review, so plan for all three rather than asking one person to “have a look”.',
            },
            {
              type: 'list',
              ordered: true,
              items: [
                '**Technical review** checks accuracy. Ask an engineer who owns the feature: are the commands correct, the defaults right, the limits current, the warnings complete?',
                '**Editorial review** checks clarity and consistency: terminology, headings, sentence length, formatting and whether the page follows your style guide.',
                '**User testing** checks whether the page actually works for its intended reader. Nothing replaces watching someone from the target audience try to use it.',
              ],
            },
            {
              type: 'paragraph',
              text: 'Give reviewers a specific question instead of a general request. “Are steps 4 to 6 still correct since the new permissions model?” gets a faster, more useful answer than “Can you review this page?”',
            },
            { type: 'heading', text: 'Test it yourself first' },
            {
              type: 'paragraph',
              text: 'Before sending anything out, do your own pass with fresh eyes, ideally after a break of at least a few hours. Then follow the procedure literally, in a clean environment such as a new user account, a fresh container or a test workspace, doing only what the page says. Authors unconsciously fill gaps with knowledge the reader does not have, and a clean environment exposes those gaps quickly.',
            },
            {
              type: 'list',
              ordered: false,
              items: [
                'Does the first paragraph tell the reader what the page is for?',
                'Are all prerequisites listed before the first step?',
                'Does every step contain exactly one action?',
                'Do button and field names match the current interface exactly?',
                'Does every example run as written?',
                'Do all links work and point to the right place?',
              ],
            },
            {
              type: 'paragraph',
              text: 'Reading the page aloud is a surprisingly effective final check. You will stumble over long sentences, repeated words and missing steps that your eyes skipped over.',
            },
            { type: 'heading', text: 'Try it' },
            {
              type: 'paragraph',
              text: 'Ask a colleague who matches your reader profile to complete a task using only your page while thinking aloud. Stay silent and take notes on where they pause, reread or leave the page. Afterwards, group your notes into accuracy, clarity and missing-information problems, and fix the most frequent group first.',
            },
          ],
        },
        {
          slug: 'keep-docs-up-to-date',
          title: 'Keep documentation up to date',
          durationSeconds: 330,
          body: [
            { type: 'heading', text: 'Outdated documentation is worse than none' },
            {
              type: 'paragraph',
              text: 'A missing page sends readers to ask someone. An outdated page sends them confidently in the wrong direction, and once they have been misled a couple of times they stop trusting the documentation altogether. Keeping content current is therefore not a chore to postpone; it is what makes the rest of your writing worth reading.',
            },
            {
              type: 'paragraph',
              text: 'The most effective habit is to treat documentation like code, an approach often called **docs as code**. Store the pages in the same repository as the product, in a plain-text format, and update them in the same change that modifies the behaviour they describe.',
            },
            {
              type: 'list',
              ordered: false,
              items: [
                'Add a line to your pull request template: “Documentation updated, or not needed because...”.',
                'Give every page or section a named owner, a team or a person, who is asked when something looks wrong.',
                'Run an automatic link checker so broken links fail the build.',
                'Record a “last reviewed” date and schedule a review of important pages at a regular interval, for example every six months.',
                'Keep a changelog or release notes so readers can see what changed between versions.',
              ],
            },
            { type: 'heading', text: 'Delete and consolidate' },
            {
              type: 'paragraph',
              text: 'Documentation sets tend to grow by accretion: a new page for each question, an old page nobody dares to remove. Duplicates drift apart until they contradict each other. When you find two pages covering the same task, merge them into one and redirect the old address. When a feature is removed, remove or clearly archive its pages rather than leaving them searchable.',
            },
            {
              type: 'paragraph',
              text: 'Use the signals you already have. Questions repeated in support tickets or team chat usually point to a page that is missing, hard to find or wrong. Search terms that return no results show the words your readers use, which may not be the words you chose. A short feedback prompt at the bottom of each page, such as “Did this page help?”, with room for a comment, gives readers an easy way to report problems.',
            },
            { type: 'heading', text: 'Try it' },
            {
              type: 'paragraph',
              text: 'List the ten most visited or most important pages in your documentation. For each one, record its owner and the date it was last checked against the product. Pick the oldest, verify it end to end, and either fix it, merge it into another page or remove it.',
            },
          ],
        },
      ],
    },
  ],
}
