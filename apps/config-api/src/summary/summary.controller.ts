import { ApiTags } from '@nestjs/swagger';
import { Controller, Get } from '@nestjs/common';
import { MonitoringRoute } from '../admin-auth/route-access.decorators';
import { SummaryService } from './summary.service';

@ApiTags('directory settings')
@Controller('directory')
export class SummaryController {
  constructor(private readonly summary: SummaryService) {}

  /** The saved settings in a few lines, with the warnings an admin must see. */
  @Get('summary')
  settingsSummary() {
    return this.summary.settingsSummary();
  }

  /**
   * The dashboard: last run's state, when the next scheduled run is due, and
   * the warnings; readable with a monitoring token.
   */
  @MonitoringRoute()
  @Get('dashboard')
  dashboard() {
    return this.summary.dashboard();
  }
}
