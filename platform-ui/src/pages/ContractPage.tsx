import { api } from '../lib/api';
import { readZipEntry, zipEntryNames } from '../lib/zip';
import { useResource } from '../lib/useResource';
import { Resource } from '../components/Status';
import { Markdown } from '../components/Markdown';

/** The contract: the zip to download, its contents, and its guide rendered. */
export default function ContractPage() {
  const contract = useResource(async (signal) => {
    const zip = await (await api.send('GET', '/api/contracts', undefined, { signal, headers: { Accept: 'application/zip' } })).arrayBuffer();
    const guide = await readZipEntry(zip, 'guide.md');
    return { names: zipEntryNames(zip), guide: guide ? new TextDecoder().decode(guide) : null, size: zip.byteLength };
  }, []);
  return (
    <>
      <div className="page-head">
        <h1>The app contract</h1>
        <p>Everything to build an app for the platform: JSON schemas of the descriptors, sample apps and the guide below.</p>
        <div className="actions">
          <a className="button" href="/api/contracts" download="iotp-contract.zip" data-testid="contract-download">
            Download the contract (zip)
          </a>
          <a className="button secondary" href="/api/docs" target="_blank" rel="noopener">
            API description (OpenAPI)
          </a>
        </div>
      </div>
      <Resource state={contract} what="Reading the contract">
        {(c) => (
          <>
            <details>
              <summary>
                What is inside ({c.names.filter((n) => !n.endsWith('/')).length} files, {(c.size / 1024).toFixed(0)} KB)
              </summary>
              <ul className="files">
                {c.names.filter((n) => !n.endsWith('/')).map((n) => (
                  <li key={n}>
                    <code>{n}</code>
                  </li>
                ))}
              </ul>
            </details>
            {c.guide ? (
              <article aria-label="Guide" className="card">
                <Markdown source={c.guide} />
              </article>
            ) : (
              <p className="empty">This contract has no guide.md.</p>
            )}
          </>
        )}
      </Resource>
    </>
  );
}
