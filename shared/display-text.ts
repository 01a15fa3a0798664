/**
 * Names people choose (a factor's or a passkey's friendly name) as a state publishes them. Bubble's
 * HTML element inserts a state as live HTML, and a name is anyone's text: a user can enroll a factor
 * named `<img src=x onerror=…>` through any client, and an admin page that lists that user's
 * factors would run it. The characters that open markup or end a quoted attribute become
 * typographic look-alikes that mean nothing to HTML, so the name reads the same wherever it shows.
 */
const LOOK_ALIKES: Readonly<Record<string, string>> = { '<': '‹', '>': '›', '"': '”', "'": '’', '`': 'ʼ' };

export function displayName(name: string): string {
  return name.replace(/[<>"'`]/g, (c) => LOOK_ALIKES[c]!);
}
