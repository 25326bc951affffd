import { ApiProblem } from '../http/problem.js';

export const claimNotFound = (asOf: Date | undefined) => new ApiProblem(404, 'claim_not_found', asOf ? 'No such claim at that instant' : 'No such claim');
