// How the CLI answers what a task asks of the person: on the terminal, or always
// yes / no (--yes, --no). Its own file so every parser can name it.

export type ReviewMode = 'ask' | 'yes' | 'no';
