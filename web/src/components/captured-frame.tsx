import { safeFrameUrl } from '../render-model.ts';
import { useSession } from '../session.tsx';
import { api } from '../api.ts';
import { useApi } from '../use-api.ts';
import { Await } from './await.tsx';

/** The hostile page itself, only from the capture origin, in a sandbox with nothing allowed. */
export function CapturedFrame({ checkId }: { checkId: number }) {
  const { t } = useSession();
  const capture = useApi(`capture ${checkId}`, () =>
    api.checks[':id']['capture-url'].$get({ param: { id: String(checkId) } }),
  );
  return (
    <Await result={capture}>
      {(body) => {
        // `html` is the page under the capture origin's sandbox CSP; `text` its source as text/plain.
        const url = safeFrameUrl(body.html);
        const text = safeFrameUrl(body.text);
        if (!url) return <p className="muted">{t('common.notAvailable')}</p>;
        return (
          <>
            <iframe
              className="capture"
              sandbox=""
              src={url}
              title={t('incident.captured')}
              referrerPolicy="no-referrer"
              data-testid="capture-frame"
            />
            {text ? (
              <a href={text} target="_blank" rel="noopener noreferrer" className="small">
                {t('incident.sourceAsText')}
              </a>
            ) : null}
          </>
        );
      }}
    </Await>
  );
}
