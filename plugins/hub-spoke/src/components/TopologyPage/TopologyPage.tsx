import { Content, Header, Page } from '@backstage/core-components';
import { TopologyContent } from './TopologyContent';

/**
 * The Hub & Spoke page: every hub's Argo CD and the clusters it manages.
 *
 * @public
 */
export function TopologyPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Hub & Spoke"
        subtitle="Argo CD hubs and the clusters they manage"
      />
      <Content>
        <TopologyContent />
      </Content>
    </Page>
  );
}
