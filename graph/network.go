package graph

import (
	"github.com/linedesk/linedesk/graph/model"
	"github.com/linedesk/linedesk/nas/routercfg"
)

// routerChanges shows a dry run's or an apply's changes.
func routerChanges(cs []routercfg.Change) []*model.RouterConfigChange {
	out := make([]*model.RouterConfigChange, 0, len(cs))
	for _, c := range cs {
		out = append(out, &model.RouterConfigChange{Menu: c.Item.Menu, Action: c.Action, What: c.Item.What, Description: c.Describe()})
	}
	return out
}

// routerHealth shows a check's differences.
func routerHealth(ds []routercfg.Difference) *model.RouterHealth {
	h := &model.RouterHealth{Ok: len(ds) == 0, Differences: []*model.RouterConfigDifference{}}
	for _, d := range ds {
		h.Differences = append(h.Differences, &model.RouterConfigDifference{Menu: d.Menu, Key: d.Key, Message: d.Message})
	}
	return h
}
