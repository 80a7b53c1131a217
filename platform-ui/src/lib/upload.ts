import { ApiProblem, problemFrom } from './problem';
import { getSession, setSession } from './session';

/** POST /api/apps with the zip as multipart `file`, reporting progress (fetch cannot, XHR can). */
export function uploadApp<T>(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/apps');
    const session = getSession();
    if (session) xhr.setRequestHeader('Authorization', `Bearer ${session.token}`);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = async () => {
      const headers = new Headers();
      const retry = xhr.getResponseHeader('Retry-After');
      if (retry) headers.set('Retry-After', retry);
      const response = new Response(xhr.status === 204 ? null : xhr.responseText, { status: xhr.status, headers });
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(JSON.parse(xhr.responseText) as T);
        return;
      }
      const problem = await problemFrom(response);
      if (xhr.status === 401 && session) setSession(null);
      reject(problem);
    };
    xhr.onerror = () =>
      reject(new ApiProblem({ status: 0, code: 'network', title: 'Upload failed', detail: 'The upload did not reach the platform; check your connection and try again.' }));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
