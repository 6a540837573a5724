// Starter suggestions. Clicking one fills the prompt box with a concrete
// example to edit; it never starts a task by itself.

export interface Suggestion {
  label: string;
  icon: string;
  prompt: string;
}

export const SUGGESTIONS: readonly Suggestion[] = [
  {
    label: 'Create a file',
    icon: 'new-file',
    prompt:
      'Write a one-page project brief as brief.docx: the goal in two sentences, a timeline with three milestones, and a list of open questions. Use any notes in this folder.',
  },
  {
    label: 'Crunch data',
    icon: 'graph',
    prompt:
      'Read the CSV and Excel files in this folder, total the amounts by month and by category, and save the result as summary.xlsx with one sheet per view and a chart of the monthly totals.',
  },
  {
    label: 'Organize files',
    icon: 'files',
    prompt:
      'Sort the files in this folder into subfolders by type (Documents, Images, Spreadsheets, Other), then by the year and month they were last modified. Do not delete anything.',
  },
  {
    label: 'Prep for the day',
    icon: 'calendar',
    prompt:
      'Look through the notes and documents changed in the last week and write today.md: what is due today, open questions to follow up, and a short to-do list in priority order.',
  },
];
