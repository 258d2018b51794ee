/** "N found so far" and a button for the next page of a paginated search. */
export function LoadMore({
  count,
  noun,
  query,
}: {
  count: number;
  noun: string;
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  return (
    <p>
      {count} {noun}
      {query.hasNextPage ? ' so far' : ''}.{' '}
      {query.hasNextPage && (
        <button
          type="button"
          onClick={() => void query.fetchNextPage()}
          disabled={query.isFetchingNextPage}
        >
          Load more
        </button>
      )}
    </p>
  );
}

/** `key=value` lines of an attributes box. */
export function attributeLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.includes('='));
}
