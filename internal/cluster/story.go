package cluster

import (
	"sort"
	"time"
)

// Story is the view of one story: its articles in the order they came,
// the outlets that reported it, when it was first and last seen, and a
// title.
type Story struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Articles []string  `json:"articles"`
	Outlets  []string  `json:"outlets,omitempty"`
	First    time.Time `json:"first_seen,omitzero"`
	Last     time.Time `json:"last_seen,omitzero"`
}

// Stories are the views of the live stories, in the order they started.
func (c *Clusterer) Stories() []Story {
	nums := make([]int, 0, len(c.live))
	for n := range c.live {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	out := make([]Story, len(nums))
	for i, n := range nums {
		out[i] = c.live[n].view()
	}
	return out
}

// Live is the number of stories kept.
func (c *Clusterer) Live() int { return len(c.live) }

// Flush forgets every live story, giving each to Options.Forgotten: the
// end of a stream.
func (c *Clusterer) Flush() {
	nums := make([]int, 0, len(c.live))
	for n := range c.live {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	for _, n := range nums {
		c.forget(c.live[n])
	}
}

func (s *story) view() Story {
	v := Story{ID: s.id, First: s.first, Last: s.last}
	// The title is the headline (or, without one, the lead sentence) of
	// the member that fitted the story best when it joined: the most
	// representative report, not the first.
	best, bestScore := -1, -1.0
	for i, m := range s.members {
		v.Articles = append(v.Articles, m.id)
		if m.title == "" && m.lead == "" {
			continue
		}
		score := m.fit
		if m.title != "" {
			score += 1 // a headline beats a lead sentence
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best >= 0 {
		v.Title = s.members[best].title
		if v.Title == "" {
			v.Title = s.members[best].lead
		}
	}
	outlets := make([]string, 0, len(s.outlets))
	for o := range s.outlets {
		outlets = append(outlets, o)
	}
	sort.Strings(outlets)
	v.Outlets = outlets
	return v
}
