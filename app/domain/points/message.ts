/**
 * What a points rule says to a person: a key of the i18n catalogue (app/i18n/catalog/points-errors.ts)
 * and its values. The domain cannot import the catalogue, so the key is a plain string here; the screen
 * that shows it translates it (translateMessage in app/i18n).
 */
export interface PointsMessage {
  key: string;
  values?: Record<string, string | number>;
}
