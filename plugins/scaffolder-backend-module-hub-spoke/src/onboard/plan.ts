/**
 * hub-spoke:spoke:onboard, step 3: where a spoke's files live, and the files of a request. Pure: no I/O.
 */
import path from 'node:path';
import {
  buildAddonApplicationSet,
  buildCatalogInfo,
  buildCertificate,
  buildClusterExternalSecret,
  buildClusterSecret,
  buildGateway,
  buildIngressApplication,
  toYaml,
} from '../manifests';
import { PlannedFile } from '../workspace/writeFiles';
import { OnboardRequest } from './validate';

/** Files of a spoke, relative to its targetPath. @public */
export const SPOKE_FILES = {
  clusterSecret: 'hub/cluster-secret.yaml',
  clusterExternalSecret: 'hub/cluster-externalsecret.yaml',
  catalogInfo: 'catalog-info.yaml',
  ingressApplication: 'hub/ingress-application.yaml',
  certificate: 'spoke/certificate.yaml',
  gateway: 'spoke/gateway.yaml',
} as const;

type SpokeFile = (typeof SPOKE_FILES)[keyof typeof SPOKE_FILES];

/** Every file a spoke may have, as workspace paths. */
export function spokeFiles(targetPath: string): string[] {
  return Object.values(SPOKE_FILES).map(f => path.posix.join(targetPath, f));
}

/** Where the add-on ApplicationSets live: `<targetPath>/../addons`. */
export function addonsFolder(targetPath: string): string {
  return path.posix.join(path.posix.dirname(targetPath), 'addons');
}

/** The add-on ApplicationSet file, relative to the workspace. */
export function addonFile(targetPath: string, addon: string): string {
  return path.posix.join(
    addonsFolder(targetPath),
    `${addon}-applicationset.yaml`,
  );
}

/** What onboarding writes to the workspace, and removes from an earlier run. */
export interface OnboardPlan {
  /** Every file of the spoke, built as objects and serialized with yaml. */
  write: PlannedFile[];
  /** Files of an earlier run that this input no longer produces (removed when they are there). */
  remove: string[];
  clusterSecretPath?: string;
  catalogInfoPath: string;
}

/**
 * The files of a request: the cluster Secret (or its ExternalSecret) in pull-request mode, the ingress files with an
 * ingress domain, the catalog-info.yaml, and the ApplicationSet of every add-on whose file is not in the workspace yet
 * (`presentAddonFiles`: those that are).
 */
export function planOnboard(
  req: OnboardRequest,
  presentAddonFiles: ReadonlySet<string>,
): OnboardPlan {
  const { spec, mode, targetPath } = req;
  const at = (rel: SpokeFile) => path.posix.join(targetPath, rel);
  const write: PlannedFile[] = [];
  let clusterSecretPath: string | undefined;
  if (mode === 'pull-request') {
    if (spec.auth.type === 'bearerToken') {
      clusterSecretPath = at(SPOKE_FILES.clusterExternalSecret);
      write.push({
        path: clusterSecretPath,
        content: toYaml(buildClusterExternalSecret(spec)),
      });
    } else {
      clusterSecretPath = at(SPOKE_FILES.clusterSecret);
      write.push({
        path: clusterSecretPath,
        content: toYaml(buildClusterSecret(spec)),
      });
    }
  }
  if (spec.ingressDomain) {
    write.push({
      path: at(SPOKE_FILES.ingressApplication),
      content: toYaml(buildIngressApplication(spec)),
    });
    write.push({
      path: at(SPOKE_FILES.certificate),
      content: toYaml(buildCertificate(spec)),
    });
    write.push({
      path: at(SPOKE_FILES.gateway),
      content: toYaml(buildGateway(spec)),
    });
  }
  const catalogInfoPath = at(SPOKE_FILES.catalogInfo);
  write.push({
    path: catalogInfoPath,
    content: toYaml(buildCatalogInfo(spec)),
  });
  for (const addon of spec.addons) {
    const file = addonFile(targetPath, addon);
    if (!presentAddonFiles.has(file)) {
      write.push({
        path: file,
        content: toYaml(
          buildAddonApplicationSet(addon, spec.argocdNamespace, spec.project),
        ),
      });
    }
  }
  const produced = new Set(write.map(f => f.path));
  const remove = [
    ...(spec.ingressDomain
      ? []
      : [
          SPOKE_FILES.ingressApplication,
          SPOKE_FILES.certificate,
          SPOKE_FILES.gateway,
        ]),
    ...(mode === 'pull-request'
      ? [SPOKE_FILES.clusterSecret, SPOKE_FILES.clusterExternalSecret]
      : []),
  ]
    .map(at)
    .filter(f => !produced.has(f));
  return {
    write,
    remove,
    ...(clusterSecretPath ? { clusterSecretPath } : {}),
    catalogInfoPath,
  };
}
