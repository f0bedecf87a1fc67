"""textmlp.models.mlp: the layers of each structure and the activation registry."""

import pytest
import torch

from textmlp.models.mlp import MLP, activation


@pytest.mark.parametrize("hidden", [[], [512], [512, 512], [512, 512, 512], [7, 3]])
def test_structures_have_the_right_layers(hidden):
    model = MLP(50, hidden, 2, "relu")
    sizes = [(layer.in_features, layer.out_features) for layer in model.layers]
    assert sizes == list(zip([50, *hidden], [*hidden, 2]))
    assert len(model.activations) == len(hidden)
    assert model(torch.randn(4, 50)).shape == (4, 2)


def test_no_activation_after_the_last_layer():
    model = MLP(3, [4], 2, "relu")
    with torch.no_grad():
        for layer in model.layers:
            layer.weight.fill_(-1.0)
            layer.bias.zero_()
    x = torch.ones(1, 3)  # hidden pre-activations are -3 -> ReLU -> 0; output layer then gives 0
    assert torch.equal(model(x), torch.zeros(1, 2))
    x = -torch.ones(1, 3)  # hidden = ReLU(3) = 3 each; output = -12, negative logits survive
    assert torch.equal(model(x), torch.full((1, 2), -12.0))


def test_unknown_activation_names_the_choices():
    with pytest.raises(ValueError, match="unknown activation 'swish'.*sigmoid"):
        activation("swish")
