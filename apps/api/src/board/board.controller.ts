import { Controller, Get, Logger, Param, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { ApiResponse } from '../http/api-request.js';
import { Public } from '../http/auth.guard.js';
import { ApiProblem } from '../http/problem.js';
import { BoardAssets, type BoardAsset } from './board-assets.js';

@ApiTags('board')
@Controller('board')
export class BoardController {
  private readonly assets = BoardAssets.load();

  constructor() {
    if (this.assets.missingFrom) new Logger('Board').error("The board's files are missing from this build; /board answers 503", { lookedIn: this.assets.missingFrom });
  }

  @Get()
  @Public()
  @ApiOperation({
    summary: 'The live board: an HTML page (no token needed to load it; it asks for one)',
    description: 'Open /board#token=<JWT> to sign in directly (a fragment never reaches the server). The page keeps the token for the tab’s session and follows GET /events.',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The page', content: { 'text/html': { schema: { type: 'string' } } } })
  page(@Res() res: ApiResponse): void {
    const page = this.assets.get('index.html');
    if (!page) throw new ApiProblem(503, 'board_unavailable', "The board's files are missing from this build of the service");
    send(res, page);
  }

  @Get(':file')
  @Public()
  @ApiExcludeEndpoint()
  asset(@Param('file') file: string, @Res() res: ApiResponse): void {
    const asset = this.assets.get(file);
    if (!asset || file === 'index.html') throw new ApiProblem(404, 'not_found', 'No such file of the board');
    send(res, asset);
  }
}

function send(res: ApiResponse, asset: BoardAsset): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', asset.contentType);
  res.setHeader('Content-Length', asset.content.length);
  // Small and served by the service itself: always revalidated, so a new version shows at once.
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('ETag', asset.etag);
  if (res.req.headers['if-none-match'] === asset.etag) {
    res.statusCode = 304;
    res.removeHeader('Content-Length');
    res.end();
    return;
  }
  res.end(res.req.method === 'HEAD' ? undefined : asset.content);
}
