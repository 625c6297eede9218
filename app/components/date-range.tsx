/** Date inputs give a local day: the range runs from the start of `from` to the end of the `to` day, as ISO instants for a query. */
export function setDayRange(q: URLSearchParams, from: string, to: string): void {
  if (from) q.set("from", new Date(`${from}T00:00:00`).toISOString());
  if (to) q.set("to", new Date(`${to}T23:59:59.999`).toISOString());
}

interface Props {
  from: string;
  to: string;
  onFrom: (e: { target: { value: string } }) => void;
  onTo: (e: { target: { value: string } }) => void;
  testIdPrefix: string;
}

/** The From and To day inputs of a filter form. */
export function DayRangeFields({ from, to, onFrom, onTo, testIdPrefix }: Props) {
  return (
    <>
      <label>
        From
        <input type="date" value={from} onChange={onFrom} data-testid={`${testIdPrefix}-from`} />
      </label>
      <label>
        To
        <input type="date" value={to} onChange={onTo} data-testid={`${testIdPrefix}-to`} />
      </label>
    </>
  );
}
