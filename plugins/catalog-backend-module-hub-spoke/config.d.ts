import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /** The hub-spoke entity provider: hub and spoke clusters as Resources, one System per hub. */
      hubSpoke?: {
        /** Owner of every emitted entity. Default `platform-team`. */
        owner?: string;
        /**
         * System every cluster Resource is part of. When absent, one System per hub (named after the hub, titled
         * "<hub> fleet") is emitted and each cluster is part of its hub's.
         */
        system?: string;
        /** How often the fleet is read from the hub-spoke backend. Default every minute, 30 s timeout. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
