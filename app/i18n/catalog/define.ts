/**
 * A message catalogue for one area of the app, English and Japanese side by side. The type makes a key
 * missing in either language a compile error. Placeholders are written {name}.
 */
export function defineMessages<const Keys extends string>(messages: {
  en: Record<Keys, string>;
  ja: Record<NoInfer<Keys>, string>;
}) {
  return messages;
}
