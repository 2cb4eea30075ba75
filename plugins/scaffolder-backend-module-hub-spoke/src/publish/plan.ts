/**
 * hub-spoke:app:publish, step 3: the files of the app and the Applications for apply mode. Pure: no I/O.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import {
  PublishSpec,
  applicationName,
  buildAppCatalogInfo,
  buildHubApplication,
  buildHubRoutes,
  buildSpokeRoutes,
  buildTargetApplication,
  hubApplicationName,
  hubFolder,
  targetFolder,
  toYaml,
} from '../manifests';
import { PlannedFile } from '../workspace/writeFiles';

/** The files of an app and the Applications among them. */
export interface PublishPlan {
  /** Every file, built as objects and serialized with yaml. */
  files: PlannedFile[];
  /** The Applications, for apply mode: one per target, and the hub's for exposure hub. */
  applications: KubernetesObject[];
  catalogInfoPath: string;
}

/** Every file of the app, built as objects and serialized with yaml; and the Applications for apply mode. */
export function planPublish(spec: PublishSpec): PublishPlan {
  const files: PlannedFile[] = [];
  const applications: KubernetesObject[] = [];
  /** A folder of the app: its Application and, under routes/, the objects the Application delivers. */
  const addFolder = (
    folder: string,
    app: KubernetesObject,
    routes: Record<string, object>,
  ) => {
    applications.push(app);
    files.push({ path: `${folder}/application.yaml`, content: toYaml(app) });
    for (const [file, doc] of Object.entries(routes))
      files.push({ path: `${folder}/routes/${file}`, content: toYaml(doc) });
  };
  for (const t of spec.targets) {
    addFolder(
      targetFolder(spec, t.cluster),
      buildTargetApplication(spec, t),
      buildSpokeRoutes(spec, t),
    );
  }
  if (spec.exposure === 'hub') {
    addFolder(hubFolder(spec), buildHubApplication(spec), buildHubRoutes(spec));
  }
  const catalogInfoPath = `${spec.targetPath}/catalog-info.yaml`;
  files.push({
    path: catalogInfoPath,
    content: toYaml(buildAppCatalogInfo(spec)),
  });
  return { files, applications, catalogInfoPath };
}

/** The names of the Applications of a spec: one per target, and the hub's for exposure hub. */
export function applicationNames(spec: PublishSpec): string[] {
  return [
    ...spec.targets.map(t => applicationName(spec, t.cluster)),
    ...(spec.exposure === 'hub' ? [hubApplicationName(spec)] : []),
  ];
}
