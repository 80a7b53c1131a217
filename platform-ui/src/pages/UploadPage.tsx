import { useRef, useState, type DragEvent } from 'react';
import { uploadApp } from '../lib/upload';
import { asProblem, type ApiProblem } from '../lib/problem';
import { Link } from '../lib/router';
import { ProblemView } from '../components/Status';
import { UploadProblems } from '../components/UploadProblems';

interface Uploaded {
  id: string;
  name: string;
  version: string;
  status: string;
  services: { name: string }[];
}

const MAX_BYTES = 100 * 1024 * 1024;

/** Drop or pick an app zip; progress while it goes up; every problem next to its path when refused. */
export default function UploadPage() {
  const [file, setFile] = useState<File>();
  const [progress, setProgress] = useState<number>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [done, setDone] = useState<Uploaded>();
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  async function send(chosen: File) {
    setFile(chosen);
    setProblem(undefined);
    setDone(undefined);
    if (!chosen.name.toLowerCase().endsWith('.zip')) {
      setProblem(asProblem(new Error(`${chosen.name} is not a .zip file; an app is uploaded as a zip (see the contract).`)));
      return;
    }
    if (chosen.size > MAX_BYTES) {
      setProblem(asProblem(new Error(`${chosen.name} is larger than 100 MB.`)));
      return;
    }
    setProgress(0);
    try {
      setDone(await uploadApp<Uploaded>(chosen, setProgress));
    } catch (e) {
      setProblem(asProblem(e));
    } finally {
      setProgress(undefined);
    }
  }

  function drop(e: DragEvent) {
    e.preventDefault();
    setOver(false);
    const f = e.dataTransfer.files[0];
    if (f) send(f);
  }

  const busy = progress !== undefined;
  return (
    <>
      <h1>Upload an app</h1>
      <p>
        An app is a zip with <code>appConfig.json</code> and one folder per service under <code>services/</code>. The <Link to="/contract">contract</Link> has the
        schemas, a guide and sample apps.
      </p>
      <div
        className={`dropzone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
        data-testid="dropzone"
      >
        <p>Drop an app zip here, or</p>
        <label className="button">
          Choose a file
          <input
            ref={input}
            className="visually-hidden"
            type="file"
            accept=".zip,application/zip"
            name="file"
            disabled={busy}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) send(f);
              e.target.value = '';
            }}
          />
        </label>
      </div>
      {busy && (
        <div className="progress-row">
          <label htmlFor="upload-progress">Uploading {file?.name}</label>
          <progress id="upload-progress" max={1} value={progress}>
            {Math.round((progress ?? 0) * 100)} %
          </progress>
          <span aria-hidden="true">{Math.round((progress ?? 0) * 100)} %</span>
          {progress === 1 && <span className="muted">checking the archive…</span>}
        </div>
      )}
      <div aria-live="polite">
        {problem && problem.errors.length > 0 && (
          <>
            <p className="problem-lead" role="alert">
              {file?.name} was not accepted: {problem.summary}
            </p>
            <UploadProblems problems={problem.errors} fileName={file?.name} />
          </>
        )}
        {problem && problem.errors.length === 0 && <ProblemView problem={problem} />}
        {done && (
          <div className="success" role="status">
            <p>
              <strong>
                {done.name} {done.version}
              </strong>{' '}
              was accepted ({done.status}) with {done.services.length === 1 ? '1 service' : `${done.services.length} services`}: {done.services.map((s) => s.name).join(', ')}.
            </p>
            <Link className="button" to={`/app/${encodeURIComponent(done.id)}`}>
              Open {done.name} to deploy it
            </Link>
          </div>
        )}
      </div>
    </>
  );
}
