package graph

import (
	"context"
	"strconv"

	"github.com/linedesk/linedesk/graph/model"
	"github.com/linedesk/linedesk/internal/bulk"
	"github.com/linedesk/linedesk/internal/events"
)

// Bulk actions: the selection and results as the API has them; the rules are internal/bulk's.

// selectionOf is the service's selection of the API's: the ids when given, else the filter.
func selectionOf(in model.CustomerSelection) bulk.Selection {
	return bulk.Selection{IDs: in.Ids, Filter: filterOf(in.Search, in.Status, in.AccessState, in.Where)}
}

// startBulk starts action a over the selection.
func (r *Resolver) startBulk(ctx context.Context, a bulk.Action, in model.CustomerSelection, p bulk.Params) (*bulk.Job, error) {
	return r.bulk.Start(ctx, a, selectionOf(in), p)
}

// bulkResults is a page of a job's results as a connection.
func (r *Resolver) bulkResults(ctx context.Context, job *bulk.Job, first *int, after *string, state *model.BulkItemState) (*model.BulkJobResultConnection, error) {
	n, from, st := 50, 0, ""
	if first != nil {
		n = *first
	}
	if after != nil && *after != "" {
		v, err := strconv.Atoi(*after)
		if err != nil {
			return nil, badInput("after", "not a cursor of these results")
		}
		from = v
	}
	if state != nil {
		st = string(*state)
	}
	page, err := r.bulk.Results(ctx, job.ID, n, from, st)
	if err != nil {
		return nil, err
	}
	out := &model.BulkJobResultConnection{TotalCount: page.Total, PageInfo: &model.BulkPageInfo{HasNextPage: page.HasNext},
		Edges: make([]*model.BulkJobResultEdge, len(page.Results))}
	for i, res := range page.Results {
		cur := strconv.Itoa(res.ID)
		out.Edges[i] = &model.BulkJobResultEdge{Cursor: cur, Node: res}
		out.PageInfo.EndCursor = &cur
	}
	return out, nil
}

// subscribeBulkJob delivers job id after each published change of its progress.
func (r *Resolver) subscribeBulkJob(ctx context.Context, id int) (<-chan *bulk.Job, error) {
	return feed[*bulk.Job]{
		kinds: map[events.Kind]bool{bulk.JobChanged: true},
		answer: func(ctx context.Context, e events.Event) (*bulk.Job, bool) {
			if e.EntityID != id {
				return nil, false
			}
			j, err := r.bulk.Get(ctx, id)
			return j, err == nil && j != nil
		},
	}.run(ctx, r), nil
}
